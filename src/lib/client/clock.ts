/** The device's clock: the one place the offline pages read the time (controllers take it in). */
export const deviceClock = (): Date => new Date();
