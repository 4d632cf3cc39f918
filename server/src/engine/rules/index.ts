import type { Rule } from './types';
import { yamlSyntax } from './yamlSyntax';
import { fileTooLarge } from './fileTooLarge';

/** Every rule, one line each. Adding a rule touches its file, this list, its docs page and its fixture. */
export const ALL_RULES: readonly Rule[] = [
  yamlSyntax,
  fileTooLarge,
];
