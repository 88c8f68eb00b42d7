// The adviser's app works offline: its shell is rendered in the browser from the local database
// (filled by the sync API, which checks role and scope on the server). The hook still refuses the
// shell to anyone but an adviser.
export const ssr = false;
export const csr = true;
