import type { AlertSource } from '../model/types';

/**
 * Which annotation keys carry an alert's runbook link, per tool.
 *
 * `runbook_url` is the de-facto key (Alertmanager templates, Grafana, the kube-prometheus and OpenShift mixins,
 * PagerDuty and Opsgenie integrations read it). Tools differ only in prefixes:
 * - Prometheus rules and Sloth `alerting`: exactly `runbook_url`.
 * - Pyrra copies only `pyrra.dev/`-prefixed SLO annotations onto its alerts (prefix stripped), so the key is
 *   `pyrra.dev/runbook_url`; an unprefixed `runbook_url` never reaches the alert.
 * - OpenSLO annotations are `prefix/name` keys: `runbook_url` or `<prefix>/runbook_url`.
 *
 * Alternate keys (`runbook` from Sloth's own examples, `playbook` from promruval's docs, `sop_url` from integr8ly,
 * and spellings of `runbook_url` itself) hold a runbook link under a name integrations do not read: they get a
 * rename to the tool's key. `documentation` is deliberately not one of them: teams use it for general docs next to
 * a runbook, so renaming it could lose a link; an alert that has only `documentation` is reported as missing a
 * runbook, and the fix to rename it is offered there.
 */
export const LINK_KEY = 'runbook_url';
export const PYRRA_PREFIX = 'pyrra.dev/';
const ALTERNATES = new Set(['runbook', 'playbook', 'sop_url', 'sop', 'runbookurl', 'runbook-url', 'runbook_link', 'playbook_url']);
/** Keys that may hold a runbook-like link but are not renamed (see above). */
export const DOCUMENTATION_KEYS = new Set(['documentation', 'docs_url', 'doc_url']);

export type KeyRole =
  /** The key this tool reads the runbook link from. */
  | { role: 'link' }
  /** A runbook link under another name; rename it to `renameTo`. */
  | { role: 'alternate'; renameTo: string }
  /** Pyrra: `runbook_url` without the `pyrra.dev/` prefix, which Pyrra does not copy onto its alerts. */
  | { role: 'unpropagated'; renameTo: string };

/** Whether an annotation key holds a runbook link for some tool (`runbook_url`, its prefixed and alternate forms). */
export function mayHoldRunbookLink(key: string): boolean {
  const { base } = split(key);
  return base === LINK_KEY || ALTERNATES.has(base.toLowerCase());
}

/** The key a fix writes for an alert of this source. */
export function linkKeyFor(source: AlertSource): string {
  return source === 'pyrra' ? PYRRA_PREFIX + LINK_KEY : LINK_KEY;
}

function split(key: string): { prefix: string; base: string } {
  const i = key.lastIndexOf('/');
  return i < 0 ? { prefix: '', base: key } : { prefix: key.slice(0, i + 1), base: key.slice(i + 1) };
}

/**
 * The role of an annotation key for an alert of `source`, or undefined when it is not about runbooks. Keys are few
 * and repeat on every alert, so answers are remembered per source (bounded; the returned objects are shared, read-only).
 */
export function keyRole(key: string, source: AlertSource): KeyRole | undefined {
  let memo = ROLES.get(source);
  if (!memo) ROLES.set(source, memo = new Map());
  if (memo.has(key)) return memo.get(key);
  if (memo.size >= 10_000) memo.clear();
  const role = computeKeyRole(key, source);
  memo.set(key, role);
  return role;
}
const ROLES = new Map<AlertSource, Map<string, KeyRole | undefined>>();

function computeKeyRole(key: string, source: AlertSource): KeyRole | undefined {
  const { prefix, base } = split(key);
  const isLink = base === LINK_KEY;
  const isAlternate = !isLink && ALTERNATES.has(base.toLowerCase());
  if (!isLink && !isAlternate) return undefined;
  switch (source) {
    case 'pyrra':
      if (prefix === PYRRA_PREFIX) return isLink ? { role: 'link' } : { role: 'alternate', renameTo: PYRRA_PREFIX + LINK_KEY };
      // Other prefixes (`example.com/runbook_url`) are not Pyrra's: they stay on the SLO object only.
      return prefix ? undefined : { role: 'unpropagated', renameTo: PYRRA_PREFIX + LINK_KEY };
    case 'openslo':
      return isLink ? { role: 'link' } : { role: 'alternate', renameTo: prefix + LINK_KEY };
    default:
      // Prometheus and Sloth annotations have no prefixes; `x/runbook_url` is an unrelated key there.
      if (prefix) return undefined;
      return isLink ? { role: 'link' } : { role: 'alternate', renameTo: LINK_KEY };
  }
}

/** A documentation-like key that an alert without a runbook might be using instead (not renamed automatically). */
export function isDocumentationKey(key: string, source: AlertSource): boolean {
  const { prefix, base } = split(key);
  if (source === 'pyrra' && prefix !== PYRRA_PREFIX) return false;
  if ((source === 'prometheus' || source === 'sloth') && prefix) return false;
  return DOCUMENTATION_KEYS.has(base.toLowerCase());
}
