// The map needs client-side code (Leaflet); the data still come from the server load.
export const csr = true;
