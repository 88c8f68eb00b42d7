import type { AdviserKind, Role } from '$lib/domain/roles';
import type { AccountInput, AccountUpdate } from '$lib/contracts';
import { hashPassword } from '../auth/password';
import { revokeAllSessions, type SessionUser } from '../auth/session';
import type { DB } from '../db';
import { Refusal } from '../errors';
import { newId } from '../ids';
import { audit } from './audit';

export interface Account {
	id: string;
	email: string;
	displayName: string;
	role: Role;
	adviserKind: AdviserKind | null;
	tourId: string | null;
	relayOrganisationId: string | null;
	active: boolean;
	activeSessions: number;
}

/** The coordination manages the field (advisers, relays); the admin manages every account. */
export function manageableRoles(actor: SessionUser): readonly Role[] {
	if (actor.role === 'admin') return ['coordinator', 'adviser', 'relay', 'admin'];
	if (actor.role === 'coordinator') return ['adviser', 'relay'];
	return [];
}

export async function listAccounts(
	db: DB,
	actor: SessionUser,
	now: Date,
	filter: { relayOrganisationId?: string } = {}
): Promise<Account[]> {
	const roles = manageableRoles(actor);
	if (roles.length === 0) return [];
	let q = db
		.selectFrom('users')
		.select((eb) => [
			'users.id',
			'users.email',
			'users.display_name',
			'users.role',
			'users.adviser_kind',
			'users.tour_id',
			'users.relay_organisation_id',
			'users.active',
			eb
				.selectFrom('sessions')
				.select((e) => e.fn.countAll<number>().as('n'))
				.whereRef('sessions.user_id', '=', 'users.id')
				.where('sessions.revoked_at', 'is', null)
				.where('sessions.expires_at', '>', now.toISOString())
				.as('active_sessions')
		])
		.where('users.role', 'in', roles);
	if (filter.relayOrganisationId) q = q.where('users.relay_organisation_id', '=', filter.relayOrganisationId);
	const rows = await q.orderBy('users.role').orderBy('users.display_name').execute();
	return rows.map((r) => ({
		id: r.id,
		email: r.email,
		displayName: r.display_name,
		role: r.role as Role,
		adviserKind: r.adviser_kind as AdviserKind | null,
		tourId: r.tour_id,
		relayOrganisationId: r.relay_organisation_id,
		active: r.active === 1,
		activeSessions: Number(r.active_sessions ?? 0)
	}));
}

export interface Adviser {
	id: string;
	displayName: string;
	tourId: string | null;
	active: boolean;
}

/**
 * The advisers, by name: the active ones, or also the former ones (`includeFormer`) for pages that
 * name who held a past permanence or wrote a past record.
 */
export async function listAdvisers(db: DB, options: { includeFormer?: boolean } = {}): Promise<Adviser[]> {
	let q = db
		.selectFrom('users')
		.select(['id', 'display_name', 'tour_id', 'active'])
		.where('role', '=', 'adviser');
	if (!options.includeFormer) q = q.where('active', '=', 1);
	const rows = await q.orderBy('display_name').orderBy('id').execute();
	return rows.map((r) => ({
		id: r.id,
		displayName: r.display_name,
		tourId: r.tour_id,
		active: r.active === 1
	}));
}

/** The name an account shows under, or null when there is no such account. */
export async function displayNameOf(db: DB, userId: string): Promise<string | null> {
	const row = await db.selectFrom('users').select('display_name').where('id', '=', userId).executeTakeFirst();
	return row?.display_name ?? null;
}

async function accountInScope(db: DB, actor: SessionUser, id: string) {
	const row = await db.selectFrom('users').select(['id', 'role']).where('id', '=', id).executeTakeFirst();
	if (!row || !manageableRoles(actor).includes(row.role as Role))
		throw new Refusal('notFound', 'Compte introuvable.');
	return row;
}

export async function createAccount(
	db: DB,
	actor: SessionUser,
	input: AccountInput,
	now: Date
): Promise<Account> {
	if (!manageableRoles(actor).includes(input.role)) {
		throw new Refusal('forbidden', 'Votre rôle ne permet pas de créer ce type de compte.');
	}
	if (input.role === 'adviser' && input.tourId) {
		const tour = await db.selectFrom('tours').select('id').where('id', '=', input.tourId).executeTakeFirst();
		if (!tour)
			throw new Refusal('invalid', 'Données invalides.', [{ path: 'tourId', message: 'Tournée inconnue.' }]);
	}
	if (input.role === 'relay' && input.relayOrganisationId) {
		const org = await db
			.selectFrom('relay_organisations')
			.select('id')
			.where('id', '=', input.relayOrganisationId)
			.executeTakeFirst();
		if (!org)
			throw new Refusal('invalid', 'Données invalides.', [
				{ path: 'relayOrganisationId', message: 'Structure inconnue.' }
			]);
	}
	const existing = await db
		.selectFrom('users')
		.select('id')
		.where('email', '=', input.email)
		.executeTakeFirst();
	if (existing) throw new Refusal('conflict', 'Un compte existe déjà avec cette adresse électronique.');
	const id = newId();
	const passwordHash = await hashPassword(input.password);
	await db.transaction().execute(async (trx) => {
		await trx
			.insertInto('users')
			.values({
				id,
				email: input.email,
				display_name: input.displayName,
				role: input.role,
				password_hash: passwordHash,
				adviser_kind: input.role === 'adviser' ? (input.adviserKind ?? null) : null,
				tour_id: input.role === 'adviser' ? (input.tourId ?? null) : null,
				relay_organisation_id: input.role === 'relay' ? (input.relayOrganisationId ?? null) : null,
				active: 1,
				is_demo: 0,
				created_at: now.toISOString(),
				updated_at: now.toISOString()
			})
			.execute();
		await audit(
			trx,
			{
				actorUserId: actor.id,
				action: 'account.create',
				objectType: 'user',
				objectId: id,
				details: { role: input.role, email: input.email }
			},
			now
		);
	});
	return (await listAccounts(db, actor, now)).find((a) => a.id === id) as Account;
}

export async function updateAccount(
	db: DB,
	actor: SessionUser,
	id: string,
	input: AccountUpdate,
	now: Date
): Promise<Account> {
	const row = await accountInScope(db, actor, id);
	if (row.role !== 'adviser' && (input.tourId !== undefined || input.adviserKind !== undefined)) {
		throw new Refusal('invalid', 'Seul un compte de conseiller a un métier et une tournée.');
	}
	if (input.tourId) {
		const tour = await db.selectFrom('tours').select('id').where('id', '=', input.tourId).executeTakeFirst();
		if (!tour)
			throw new Refusal('invalid', 'Données invalides.', [{ path: 'tourId', message: 'Tournée inconnue.' }]);
	}
	if (id === actor.id && input.active === false)
		throw new Refusal('conflict', 'Vous ne pouvez pas désactiver votre propre compte.');
	await db.transaction().execute(async (trx) => {
		await trx
			.updateTable('users')
			.set({
				...(input.displayName !== undefined ? { display_name: input.displayName } : {}),
				...(input.active !== undefined ? { active: input.active ? 1 : 0 } : {}),
				...(input.adviserKind !== undefined ? { adviser_kind: input.adviserKind } : {}),
				...(input.tourId !== undefined ? { tour_id: input.tourId } : {}),
				updated_at: now.toISOString()
			})
			.where('id', '=', id)
			.execute();
		if (input.active === false) await revokeAllSessions(trx, id, now);
		await audit(
			trx,
			{ actorUserId: actor.id, action: 'account.update', objectType: 'user', objectId: id, details: input },
			now
		);
	});
	return (await listAccounts(db, actor, now)).find((a) => a.id === id) as Account;
}

/** A lost or stolen device: the coordination ends every session of the account. */
export async function revokeAccountSessions(
	db: DB,
	actor: SessionUser,
	id: string,
	now: Date
): Promise<number> {
	await accountInScope(db, actor, id);
	const count = await revokeAllSessions(db, id, now);
	await audit(
		db,
		{
			actorUserId: actor.id,
			action: 'account.revokeSessions',
			objectType: 'user',
			objectId: id,
			details: { count }
		},
		now
	);
	return count;
}
