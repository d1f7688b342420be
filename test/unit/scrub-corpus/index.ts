import { attrCases } from './attrs.js';
import { peopleCases } from './people.js';
import { selectorCases } from './selector.js';
import { textCases } from './text.js';
import type { Case } from './types.js';
import { uaCases } from './ua.js';
import { urlCases } from './url.js';

export type { Case } from './types.js';

/** Every corpus case, field by field. */
export const corpus: Case[] = [...textCases, ...urlCases, ...selectorCases, ...attrCases, ...uaCases, ...peopleCases];
