// « Se déconnecter » first lets this device send its changes and delete its local data (SignOut).
export const csr = true;
