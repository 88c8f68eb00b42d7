// The activity record works offline: rendered in the browser, recorded on the device, sent by the sync.
// The hook still refuses it to anyone but an adviser.
export const ssr = false;
export const csr = true;
