import type { SourceFile } from '../source';
import { emptyModel, type FileModel } from './types';
import { extractSlos } from './slos';
import { extractAlerts } from './alerts';
import { extractRunbooks, extractMarkdown } from './runbooks';
import { extractOpenSloObjects } from './openslo';

/** Builds the reliability model of a parsed file. Each extractor reads the positioned documents; none re-parses. */
export function extractModel(file: SourceFile): FileModel {
  const model = emptyModel();
  if (file.language === 'markdown') {
    extractMarkdown(file, model);
    return model;
  }
  for (const info of file.docs) {
    if (!info.detected) continue;
    extractSlos(info, model);
    extractAlerts(info, model);
    extractRunbooks(info, model);
    extractOpenSloObjects(info, model);
  }
  return model;
}
