import type { Rule } from './types';

/** Files over the size limit are not parsed: one finding says so, instead of a slow editor. */
export const fileTooLarge: Rule = {
  id: 'file/too-large',
  defaultSeverity: 'info',
  description: 'file larger than `maxFileSize`: not checked',
  appliesTo: f => !!f.tooLarge,
  check({ file, report }) {
    const t = file.tooLarge!;
    const mib = (n: number) => (n / 1024 / 1024).toFixed(1);
    report({
      span: { start: 0, end: Math.min(file.text.indexOf('\n') >>> 0, file.text.length, 200) },
      message: `this file is ${mib(t.size)} MiB, above the ${mib(t.limit)} MiB limit, so SLO Lens does not check it; raise \`maxFileSize\` in .slo-lens.yaml to check it anyway`,
      data: { size: t.size, limit: t.limit },
    });
  },
};
