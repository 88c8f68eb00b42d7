import { z } from 'zod/mini';
import { slugId, uuid } from './common';
import { isoMonth } from './planning';

/**
 * The filters of the indicators page and of its CSV exports, as the GET form sends them
 * (French parameter names, empty = no filter): the period from/to a month, a tour, a site, an adviser.
 */
export const indicatorQuery = z.strictObject({
	du: z.optional(isoMonth),
	au: z.optional(isoMonth),
	tournee: z.optional(slugId),
	lieu: z.optional(slugId),
	conseiller: z.optional(uuid)
});

export type IndicatorQuery = z.infer<typeof indicatorQuery>;
