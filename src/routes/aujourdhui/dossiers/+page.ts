// The level-2 cases work offline: rendered in the browser from the device, each step sent by the sync.
// The hook still refuses it to anyone but an adviser.
export const ssr = false;
export const csr = true;
