import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The architecture's import rules (eslint.config.mjs, docs/architecture.md
 * "Boundaries") refuse what they should: each case lints one import line as
 * if it were in the named file, the way `npm run lint` would.
 */
const eslint = new ESLint({ cwd: process.cwd() });

const violations = async (file: string, code: string): Promise<string[]> => {
  const [result] = await eslint.lintText(`${code}\nexport const used = [];\n`, { filePath: file });
  return result!.messages.filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message);
};

describe('boundaries', () => {
  // Loading the config and typescript-eslint's parser once takes seconds on a busy machine.
  beforeAll(() => violations('collector/x.ts', ''), 60_000);

  it.each([
    ['collector/spool/x.ts', "import { acceptBatch } from '../intake/accept-batch.js';", 'ingest flow goes one way'],
    ['collector/flush/x.ts', "import { batchKey } from '../spool/batch-index.js';", 'ingest flow goes one way'],
    ['collector/scrub/x.ts', "import { processBatch } from '../pipeline/process.js';", 'ingest flow goes one way'],
    ['collector/pipeline/x.ts', "import { buildApp } from '../app.js';", 'ingest flow goes one way'],
    ['collector/db/x.ts', "import { rowsText } from '../rows/row-text.js';", 'ingest flow goes one way'],
    ['collector/spool/x.ts', "import { createClient } from '@clickhouse/client';", 'Only collector/db/'],
    ['collector/analysis/x.ts', "import chdb from 'chdb';", 'Only collector/db/'],
    ['collector/analysis/x.ts', "import { openIngest } from '../spool/open-ingest.js';", 'read side'],
    ['dashboard/x.ts', "import { scrubBatch } from '../collector/scrub/index.js';", 'only types of the collector'],
    ['dashboard/views/x.ts', "import { METRICS } from '../../collector/analysis/vitals-truth.js';", 'only types of the collector'],
    ['dashboard/x.ts', "export { vitalsSeries } from '../collector/analysis/vitals-series.js';", 'only types of the collector'],
    ['sdk/x.ts', "import { batchSchema } from '../schema/index.js';", 'only types from schema/'],
    ['sdk/lib/x.ts', "import type { Config } from '../../collector/config/types.js';", 'imports nothing of the collector'],
    ['schema/x.ts', "import type { ProcessedBatch } from '../collector/pipeline/types.js';", 'imports nothing of ours'],
    ['collector/config/x.ts', "import { openIngest } from '../spool/open-ingest.js';", 'sit below the flow'],
  ])('%s may not: %s', async (file, code, why) => {
    const found = await violations(file, code);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(why);
  });

  it.each([
    ['collector/spool/x.ts', "import type { ProcessedBatch } from '../pipeline/types.js';"],
    ['collector/spool/x.ts', "import { Flusher } from '../flush/flusher.js';"],
    ['collector/flush/x.ts', "import { eachRecord } from '../rows/record-codec.js';"],
    ['collector/intake/x.ts', "import { scrubBatch } from '../scrub/index.js';"],
    ['collector/db/x.ts', "import { createClient } from '@clickhouse/client';"],
    ['collector/analysis/x.ts', "import { openDatabases } from '../db/open.js';"],
    ['collector/routes/x.ts', "import { acceptBatch } from '../intake/accept-batch.js';"],
    ['dashboard/x.ts', "export type { VitalsSummary } from '../collector/analysis/vitals-summary.js';"],
    ['dashboard/x.ts', "import { rate } from '../schema/thresholds.js';"],
    ['sdk/x.ts', "import type { Batch } from '../schema/index.js';"],
    ['sdk/x.ts', "import { WIRE_VERSION } from '../schema/version.js';"],
    ['schema/x.ts', "import { z } from 'zod';"],
  ])('%s may: %s', async (file, code) => {
    expect(await violations(file, code)).toEqual([]);
  });
});
