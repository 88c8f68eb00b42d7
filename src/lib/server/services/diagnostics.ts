import type { Selectable } from 'kysely';
import type { DiagnosticInput } from '$lib/contracts';
import { ACTIVITY_BACKDATE_DAYS } from '$lib/domain/activity';
import { addDaysIso, parisDate } from '$lib/domain/dates';
import { DIGITAL_AREAS, scoreDiagnostic, type DiagnosticAccess } from '$lib/domain/diagnostic';
import type { EntityRowOf } from '$lib/contracts/synced';
import type { SessionUser } from '../auth/session';
import type { DB } from '../db';
import type { DiagnosticTable } from '../db/schema';
import { Refusal } from '../errors';
import { newId } from '../ids';
import { inTransaction, nextVersion } from '../sync/versions';
import { audit } from './audit';

/**
 * Records a diagnostic led by an adviser, offline perhaps: scored again here with the rules of
 * its questionnaire version (the device's own scoring is not trusted). Append-only: the id comes
 * from the device, and the same diagnostic sent twice is stored once.
 */
export async function recordDiagnostic(
	db: DB,
	user: SessionUser,
	id: string,
	input: DiagnosticInput,
	now: Date
): Promise<'created' | 'already'> {
	if (user.role !== 'adviser')
		throw new Refusal('forbidden', 'Seuls les conseillers font passer des diagnostics.');
	const existing = await db
		.selectFrom('diagnostics')
		.select('adviser_id')
		.where('id', '=', id)
		.executeTakeFirst();
	if (existing) {
		if (existing.adviser_id === user.id) return 'already';
		throw new Refusal('conflict', 'Cet identifiant de diagnostic est déjà pris.');
	}
	const today = parisDate(now);
	if (input.date > addDaysIso(today, 1) || input.date < addDaysIso(today, -ACTIVITY_BACKDATE_DAYS))
		throw new Refusal(
			'unprocessable',
			`La date du diagnostic doit être comprise entre il y a ${ACTIVITY_BACKDATE_DAYS} jours et aujourd’hui.`
		);
	if (input.communeInsee) {
		const c = await db
			.selectFrom('communes')
			.select('insee')
			.where('insee', '=', input.communeInsee)
			.executeTakeFirst();
		if (!c) throw new Refusal('unprocessable', 'Commune inconnue.');
	}
	const result = scoreDiagnostic(input.answers, input.access, input.questionnaireVersion);
	const areas = Object.fromEntries(
		DIGITAL_AREAS.map((a) => [
			a,
			result.areaScores[a] === null ? null : { score: result.areaScores[a], level: result.areaLevels[a] }
		])
	);
	await inTransaction(db, async (trx) => {
		const version = await nextVersion(trx);
		await trx
			.insertInto('diagnostics')
			.values({
				id,
				adviser_id: user.id,
				tour_id: user.tourId,
				date: input.date,
				questionnaire_version: input.questionnaireVersion,
				follow_up_code: input.followUpCode,
				commune_insee: input.communeInsee,
				answers: JSON.stringify(input.answers),
				access: JSON.stringify(input.access),
				areas: JSON.stringify(areas),
				overall_level: result.overall,
				overall_score: result.overallScore,
				recommendations: JSON.stringify(result.recommendations),
				created_at: now.toISOString(),
				version
			})
			.execute();
	});
	return 'created';
}

type Row = EntityRowOf<'diagnostics'>;

/** A diagnostic as its adviser's devices hold it: the answers and what the server computed. */
export function diagnosticRow(d: Selectable<DiagnosticTable>): EntityRowOf<'diagnostics'> {
	return {
		id: d.id,
		date: d.date,
		questionnaireVersion: d.questionnaire_version,
		followUpCode: d.follow_up_code,
		communeInsee: d.commune_insee,
		answers: JSON.parse(d.answers) as Row['answers'],
		access: JSON.parse(d.access) as DiagnosticAccess,
		areas: JSON.parse(d.areas) as Row['areas'],
		overall: d.overall_level as Row['overall'],
		overallScore: Number(d.overall_score),
		recommendations: JSON.parse(d.recommendations) as Row['recommendations'],
		createdAt: d.created_at
	};
}

/** Days a follow-up code is kept: after that, the diagnostic can no longer be linked to a person. */
export const FOLLOW_UP_CODE_DAYS = 730;

/** The retention job's part for diagnostics: follow-up codes older than FOLLOW_UP_CODE_DAYS are erased. */
export async function eraseOldFollowUpCodes(db: DB, now: Date, days = FOLLOW_UP_CODE_DAYS): Promise<number> {
	const before = addDaysIso(parisDate(now), -days);
	return inTransaction(db, async (trx) => {
		const old = await trx
			.selectFrom('diagnostics')
			.select('id')
			.where('follow_up_code', 'is not', null)
			.where('date', '<', before)
			.execute();
		if (old.length === 0) return 0;
		const version = await nextVersion(trx);
		await trx
			.updateTable('diagnostics')
			.set({ follow_up_code: null, version })
			.where(
				'id',
				'in',
				old.map((d) => d.id)
			)
			.execute();
		await audit(
			trx,
			{
				actorUserId: null,
				action: 'diagnostic.eraseFollowUpCodes',
				objectType: 'diagnostic',
				objectId: newId(),
				details: { count: old.length, olderThanDays: days }
			},
			now
		);
		return old.length;
	});
}
