import type { AdviserKind, Role } from '$lib/domain/roles';
import type { DB } from '../db';
import { hashPassword } from '../auth/password';
import { newId } from '../ids';

export const DEMO_PASSWORD = 'demo-tournees-82';

export interface DemoAccount {
	email: string;
	displayName: string;
	role: Role;
	label: string;
	adviserKind?: AdviserKind;
	tourId?: string;
	relayOrganisationId?: string;
}

const ADVISER_NAMES = [
	'Camille Roques',
	'Julien Delmas',
	'Sarah Cabrol',
	'Mehdi Lafon',
	'Élodie Bessière',
	'Thomas Vidal'
];

export const DEMO_ACCOUNTS: DemoAccount[] = [
	{
		email: 'coordination@demo.tournees.fr',
		displayName: 'Nadia Ferrand',
		role: 'coordinator',
		label: 'coordination'
	},
	...ADVISER_NAMES.map((displayName, i): DemoAccount => {
		const tour = Math.floor(i / 2) + 1;
		const adviserKind: AdviserKind = i % 2 === 0 ? 'franceServicesAgent' : 'digitalAdviser';
		return {
			email: `conseiller${i + 1}@demo.tournees.fr`,
			displayName,
			role: 'adviser',
			adviserKind,
			tourId: `tournee-${tour}`,
			label: `tournée ${tour}, ${adviserKind === 'digitalAdviser' ? 'conseiller numérique' : 'agent France Services'}`
		};
	}),
	{
		email: 'relais.dunes@demo.tournees.fr',
		displayName: 'Secrétariat de mairie de Dunes',
		role: 'relay',
		relayOrganisationId: 'mairie-dunes',
		label: 'relais : mairie de Dunes'
	},
	{
		email: 'relais.mds-valence@demo.tournees.fr',
		displayName: "MDS de Valence d'Agen",
		role: 'relay',
		relayOrganisationId: 'mds-valence',
		label: "relais : MDS de Valence d'Agen"
	},
	{
		email: 'admin@demo.tournees.fr',
		displayName: 'Administration technique',
		role: 'admin',
		label: 'administration'
	}
];

/** Creates the demo accounts that are missing (demo mode only); existing ones are left alone. */
export async function seedDemoAccounts(db: DB, now: string): Promise<number> {
	const existing = new Set(
		(await db.selectFrom('users').select('email').where('is_demo', '=', 1).execute()).map((u) => u.email)
	);
	await db.updateTable('users').set({ active: 1 }).where('is_demo', '=', 1).where('active', '=', 0).execute();
	const missing = DEMO_ACCOUNTS.filter((a) => !existing.has(a.email));
	if (missing.length === 0) return 0;
	const passwordHash = await hashPassword(DEMO_PASSWORD);
	await db
		.insertInto('users')
		.values(
			missing.map((a) => ({
				id: newId(),
				email: a.email,
				display_name: a.displayName,
				role: a.role,
				password_hash: passwordHash,
				adviser_kind: a.adviserKind ?? null,
				tour_id: a.tourId ?? null,
				relay_organisation_id: a.relayOrganisationId ?? null,
				active: 1,
				is_demo: 1,
				created_at: now,
				updated_at: now
			}))
		)
		.onConflict((oc) => oc.column('email').doNothing())
		.execute();
	return missing.length;
}

/** Outside demo mode, demo accounts cannot sign in: they are deactivated and their sessions end. */
export async function disableDemoAccounts(db: DB, now: string): Promise<void> {
	const demoIds = db.selectFrom('users').select('id').where('is_demo', '=', 1);
	await db
		.updateTable('sessions')
		.set({ revoked_at: now })
		.where('user_id', 'in', demoIds)
		.where('revoked_at', 'is', null)
		.execute();
	await db
		.updateTable('users')
		.set({ active: 0, updated_at: now })
		.where('is_demo', '=', 1)
		.where('active', '=', 1)
		.execute();
}

/** Fictional correspondents, one per operator, so that level-2 handovers can be tried in the demo. */
const DEMO_CORRESPONDENTS: [operatorId: string, name: string, title: string][] = [
	['caf', 'Claire Fabre', 'Référente partenariats France Services'],
	['assurance-maladie', 'Marc Delmas', 'Conseiller référent'],
	['dgfip', 'Sophie Carrère', 'Correspondante du service des impôts des particuliers'],
	['justice', 'Julien Bessières', 'Greffier, point-justice'],
	['la-poste', 'Nadia Mercadier', 'Responsable du bureau de poste'],
	['msa', 'Paul Lacombe', 'Conseiller référent'],
	['france-travail', 'Inès Garrigues', 'Conseillère référente partenaires'],
	['interieur', 'Thomas Vidal', 'Référent titres sécurisés, préfecture'],
	['assurance-retraite', 'Hélène Soulié', 'Conseillère retraite référente']
];

/** Seeds the demo's correspondents when there are none yet (demo mode only). */
export async function seedDemoCorrespondents(db: DB, now: string): Promise<number> {
	const any = await db.selectFrom('operator_correspondents').select('id').limit(1).executeTakeFirst();
	if (any) return 0;
	const operators = new Set((await db.selectFrom('operators').select('id').execute()).map((o) => o.id));
	const rows = DEMO_CORRESPONDENTS.filter(([op]) => operators.has(op));
	if (rows.length === 0) return 0;
	await db
		.insertInto('operator_correspondents')
		.values(
			rows.map(([operatorId, name, title], i) => ({
				id: crypto.randomUUID(),
				operator_id: operatorId,
				name,
				title,
				email: `${operatorId}.correspondant@exemple.fr`,
				phone: `05 63 00 10 ${String(10 + i).padStart(2, '0')}`,
				area: 'Tarn-et-Garonne',
				active: 1,
				created_at: now,
				updated_at: now
			}))
		)
		.execute();
	return rows.length;
}
