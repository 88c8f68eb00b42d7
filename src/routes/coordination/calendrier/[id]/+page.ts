// Client-side code checks a move against the rules as the coordinator picks the date (the form
// still works without it: « Vérifier les règles » asks the server).
export const csr = true;
