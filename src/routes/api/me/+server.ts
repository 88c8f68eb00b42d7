import { json } from '@sveltejs/kit';
import { endpoint } from '$lib/server/http/endpoints';

export const GET = endpoint(['coordinator', 'adviser', 'relay', 'admin'], async ({ user }) => json({ user }));
