// The relay's space works offline: rendered in the browser from the local database (filled by
// the sync API, which checks role and scope). The hook still refuses it to anyone but a relay.
export const ssr = false;
export const csr = true;
