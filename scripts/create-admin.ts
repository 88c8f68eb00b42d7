/**
 * Creates the first admin account of a deployment (the admin then creates the others in the app):
 *   npm run admin:create -- admin@example.fr "Prénom Nom"
 * The password is read from ADMIN_PASSWORD or asked for on the terminal (at least 12 characters).
 * Uses the same configuration as the server (DATABASE_PATH or DATABASE_URL).
 */
import { createInterface } from 'node:readline/promises';
import { accountInput } from '../src/lib/contracts';
import { createApp } from '../src/lib/server/app';
import { hashPassword } from '../src/lib/server/auth/password';
import { newId } from '../src/lib/server/ids';

const [email = '', displayName = 'Administration'] = process.argv.slice(2);
let password = process.env.ADMIN_PASSWORD ?? '';
if (!password) {
	const rl = createInterface({ input: process.stdin, output: process.stdout });
	password = await rl.question('Mot de passe (12 caractères au moins) : ');
	rl.close();
}
const parsed = accountInput.safeParse({ email, displayName, role: 'admin', password });
if (!parsed.success) {
	for (const issue of parsed.error.issues)
		console.error(`${issue.path.join('.') || 'compte'} : ${issue.message}`);
	process.exit(2);
}
const ctx = await createApp();
const now = ctx.now().toISOString();
const exists = await ctx.db
	.selectFrom('users')
	.select('id')
	.where('email', '=', parsed.data.email)
	.executeTakeFirst();
if (exists) {
	console.error(`Un compte existe déjà pour ${parsed.data.email}.`);
	await ctx.close();
	process.exit(1);
}
await ctx.db
	.insertInto('users')
	.values({
		id: newId(),
		email: parsed.data.email,
		display_name: parsed.data.displayName,
		role: 'admin',
		password_hash: await hashPassword(parsed.data.password),
		adviser_kind: null,
		tour_id: null,
		relay_organisation_id: null,
		active: 1,
		is_demo: 0,
		created_at: now,
		updated_at: now
	})
	.execute();
console.log(`Compte administrateur créé : ${parsed.data.email}`);
await ctx.close();
