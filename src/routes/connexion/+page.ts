// The sign-in form works without JavaScript; with it, the device also opens its data key with the
// password just checked (issue 20), so that the offline pages open without asking for it again.
export const csr = true;
