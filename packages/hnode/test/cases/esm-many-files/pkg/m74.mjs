import { one } from "./one.mjs";
export const v74 = one;
