import { one } from "./one.mjs";
export const v27 = one;
