import { createHmac, randomBytes, randomUUID } from 'node:crypto';

export function newId(): string {
	return randomUUID();
}

/** 256 bits of randomness, URL-safe: the value of a session cookie. */
export function newToken(): string {
	return randomBytes(32).toString('base64url');
}

export function hmacHex(secret: string, value: string): string {
	return createHmac('sha256', secret).update(value).digest('hex');
}
