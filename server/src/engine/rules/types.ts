import type { Finding, Severity, Fix } from '../findings';
import type { Span } from '../text';
import type { SourceFile } from '../source';
import type { WorkspaceView } from '../workspace';
import type { ResolvedConfig } from '../config';

/** What a rule reports; the engine fills in the rule id and the configured severity. */
export interface RuleReport {
  span: Span;
  message: string;
  /** Overrides the rule's default severity for this finding (e.g. error for a critical alert). Config still wins. */
  severity?: Severity;
  /** For rules that report several ids (`schema/<keyword>`): the id of this finding. Must start with the rule's id. */
  rule?: string;
  fixes?: Fix[];
  data?: Record<string, unknown>;
  related?: Finding['related'];
}

export interface RuleContext {
  file: SourceFile;
  /** Cross-file lookups; every lookup records a dependency so the file is re-checked when the answer changes. */
  workspace: WorkspaceView;
  config: ResolvedConfig;
  report(r: RuleReport): void;
}

export interface Rule {
  /** The rule id (the diagnostic `code`), e.g. `alert/missing-runbook`; for families, the prefix (`schema`). */
  id: string;
  defaultSeverity: Severity;
  /** One line for docs and settings. */
  description: string;
  /** Ids this rule may report (families); defaults to [id]. */
  ids?: string[];
  /** Cheap pre-filter: skip files this rule cannot say anything about. */
  appliesTo?(file: SourceFile): boolean;
  /** Opinionated rules that run only when configured (`rules: {<id>: info}` in .slo-lens.yaml or settings). */
  optIn?: boolean;
  check(ctx: RuleContext): void;
}
