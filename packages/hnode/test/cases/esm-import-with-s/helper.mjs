export const msg = "hi from helper";
