import { json } from '@sveltejs/kit';

/** Unknown API routes answer in JSON, like the rest of the API. */
const notFound = () => json({ error: 'Ressource introuvable.' }, { status: 404 });
export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
