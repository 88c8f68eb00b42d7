import { z } from 'zod/mini';
import { LEVEL2_ACTIONS } from '$lib/domain/level2';
import { email, isoDate, phone, slugId, text, uuid } from './common';

/** An operator's correspondent, as the coordination keeps them (professional contact only). */
export const correspondentInput = z.strictObject({
	operatorId: slugId,
	name: text(120, 2),
	title: text(120, 2),
	email: z.nullable(email),
	phone: z.nullable(phone),
	area: text(160),
	active: z.boolean()
});
export type CorrespondentInput = z.infer<typeof correspondentInput>;

/**
 * A level-2 handover, opened with its record (the record must be level 2 and name the
 * operator). `subject` says what was handed over, without a name; `contact` is only for calling
 * the person back, and is erased once the case is closed.
 */
export const level2CaseOpening = z
	.strictObject({
		caseId: uuid,
		recordId: uuid,
		correspondentId: z.nullable(uuid),
		subject: text(200, 3),
		contact: z.nullable(text(200, 3)),
		transmittedOn: isoDate,
		dueOn: isoDate
	})
	.check(
		z.refine((c) => c.dueOn >= c.transmittedOn, {
			message: 'L’échéance ne peut pas précéder la transmission.',
			path: ['dueOn']
		})
	);
export type Level2CaseOpening = z.infer<typeof level2CaseOpening>;

/** A step of a case: chased (with a new due date), answer received, or closed. */
export const level2CaseStep = z
	.strictObject({
		caseId: uuid,
		action: z.enum(LEVEL2_ACTIONS),
		on: isoDate,
		/** The new due date of a chase; null for the other steps. */
		dueOn: z.nullable(isoDate),
		note: text(300)
	})
	.check(
		z.refine((s) => (s.action === 'chase') === (s.dueOn !== null), {
			message: 'Une relance a une nouvelle échéance (et seulement elle).',
			path: ['dueOn']
		}),
		z.refine((s) => s.dueOn === null || s.dueOn >= s.on, {
			message: 'L’échéance ne peut pas précéder la relance.',
			path: ['dueOn']
		})
	);
export type Level2CaseStep = z.infer<typeof level2CaseStep>;
