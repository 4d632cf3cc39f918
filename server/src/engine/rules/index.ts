import type { Rule } from './types';
import { yamlSyntax } from './yamlSyntax';
import { fileTooLarge } from './fileTooLarge';
import { schemaRule } from './schema';
import { promqlSyntax } from './promqlSyntax';
import { slothMissingWindowTemplate } from './slothMissingWindowTemplate';
import { sloUnrealisticTarget } from './sloUnrealisticTarget';
import { sloTargetScale } from './sloTargetScale';
import { sloBudgetBelowResolution } from './sloBudgetBelowResolution';
import { sloBurnRateUnreachable } from './sloBurnRateUnreachable';
import { sloBurnRateInverted } from './sloBurnRateInverted';
import { sloWindowUnit } from './sloWindowUnit';
import { sloUnresolvedRef } from './sloUnresolvedRef';
import { sloDuplicate } from './sloDuplicate';
import { alertMissingRunbook } from './alertMissingRunbook';
import { alertRunbookKey } from './alertRunbookKey';
import { alertRunbookNotFound } from './alertRunbookNotFound';
import { runbookIncomplete } from './runbookIncomplete';
import { runbookOrphan } from './runbookOrphan';
import { alertTemplateSyntax } from './alertTemplateSyntax';
import { ruleDuplicate } from './ruleDuplicate';
import { alertTemplateHumanize } from './alertTemplateHumanize';

/** Every rule, one line each. Adding a rule touches its file, this list, its docs page and its fixture. */
export const ALL_RULES: readonly Rule[] = [
  yamlSyntax,
  fileTooLarge,
  schemaRule,
  promqlSyntax,
  slothMissingWindowTemplate,
  sloUnrealisticTarget,
  sloTargetScale,
  sloBudgetBelowResolution,
  sloBurnRateUnreachable,
  sloBurnRateInverted,
  sloWindowUnit,
  sloUnresolvedRef,
  sloDuplicate,
  alertMissingRunbook,
  alertRunbookKey,
  alertRunbookNotFound,
  runbookIncomplete,
  runbookOrphan,
  alertTemplateSyntax,
  ruleDuplicate,
  alertTemplateHumanize,
];
