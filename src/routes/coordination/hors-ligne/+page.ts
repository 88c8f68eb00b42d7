// The coordinator's calendar on the device: rendered in the browser from the local database
// (filled by the sync API, which checks role and scope); edits are sync mutations, so it works
// with no network. The hook still refuses the shell to anyone but the coordinator.
export const ssr = false;
export const csr = true;
