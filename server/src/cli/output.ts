import type { Finding, Severity } from '../engine/findings';
import { ruleDocsUrl } from '../engine/findings';
import type { SourceFile } from '../engine/source';

export interface FileFindings { file: SourceFile; rel: string; findings: Finding[] }

export function toJson(files: number, results: FileFindings[]): string {
  const findings = results.flatMap(r => r.findings.map(f => ({
    file: r.rel, rule: f.rule, severity: f.severity, message: f.message, range: r.file.lines.range(f.span),
  })));
  return JSON.stringify({ files, findings }, null, 2);
}

const COLORS: Record<Severity, string> = { error: '\x1b[31m', warning: '\x1b[33m', info: '\x1b[36m', hint: '\x1b[2m' };

/** Compiler-style lines, `file:line:col severity rule message` (1-based for humans and terminals). */
export function toText(files: number, results: FileFindings[], color: boolean): string {
  const lines: string[] = [];
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const r of results) for (const f of r.findings) {
    counts[f.severity]++;
    const p = r.file.lines.position(f.span.start);
    const loc = `${r.rel}:${p.line + 1}:${p.character + 1}`;
    const sev = color ? `${COLORS[f.severity]}${f.severity}\x1b[0m` : f.severity;
    const rule = color ? `\x1b[2m${f.rule}\x1b[0m` : f.rule;
    lines.push(`${color ? '\x1b[1m' + loc + '\x1b[0m' : loc} ${sev} ${rule} ${f.message}`);
  }
  const total = counts.error + counts.warning + counts.info + counts.hint;
  lines.push(`${files} file${files === 1 ? '' : 's'} checked: ${total ? `${counts.error} error${counts.error === 1 ? '' : 's'}, ${counts.warning} warning${counts.warning === 1 ? '' : 's'}, ${counts.info + counts.hint} info` : 'no findings'}`);
  return lines.join('\n');
}

/** GitHub Actions workflow commands: annotations on the pull request's diff. */
export function toGithub(results: FileFindings[]): string {
  const esc = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const escProp = (s: string) => esc(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
  const level: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice', hint: 'notice' };
  return results.flatMap(r => r.findings.map(f => {
    const range = r.file.lines.range(f.span);
    return `::${level[f.severity]} file=${escProp(r.rel)},line=${range.start.line + 1},col=${range.start.character + 1},endLine=${range.end.line + 1},endColumn=${range.end.character + 1},title=${escProp(f.rule)}::${esc(f.message)}`;
  })).join('\n');
}

/** SARIF 2.1.0, for code-scanning uploads. */
export function toSarif(results: FileFindings[], version: string, rules: { id: string; description: string }[]): string {
  const level: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };
  const used = new Set(results.flatMap(r => r.findings.map(f => f.rule)));
  const ruleList = [...used].sort().map(id => ({
    id, helpUri: ruleDocsUrl(id),
    shortDescription: { text: rules.find(r => r.id === id || id.startsWith(r.id + '/'))?.description ?? id },
  }));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'slo-lens', version, informationUri: 'https://github.com/slo-lens/slo-lens', rules: ruleList } },
      results: results.flatMap(r => r.findings.map(f => {
        const range = r.file.lines.range(f.span);
        return {
          ruleId: f.rule, ruleIndex: ruleList.findIndex(x => x.id === f.rule), level: level[f.severity], message: { text: f.message },
          locations: [{ physicalLocation: { artifactLocation: { uri: r.rel }, region: { startLine: range.start.line + 1, startColumn: range.start.character + 1, endLine: range.end.line + 1, endColumn: range.end.character + 1 } } }],
        };
      })),
    }],
  };
  return JSON.stringify(sarif, null, 2);
}
