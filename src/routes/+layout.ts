// Pages are rendered on the server and ship no framework JavaScript by default: forms post to
// the server and work without JavaScript. A page that needs client-side code opts in with csr = true.
export const csr = false;
