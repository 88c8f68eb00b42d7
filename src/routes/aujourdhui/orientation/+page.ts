// The referral directory works offline: rendered in the browser from the device's copy of the
// directory, kept up to date by the sync. The hook still refuses it to anyone but an adviser.
export const ssr = false;
export const csr = true;
