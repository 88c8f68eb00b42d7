// The diagnostic works offline: rendered in the browser, scored and recorded on the device, sent by the sync.
// The hook still refuses it to anyone but an adviser.
export const ssr = false;
export const csr = true;
