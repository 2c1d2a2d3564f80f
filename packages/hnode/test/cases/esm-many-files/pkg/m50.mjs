import { one } from "./one.mjs";
export const v50 = one;
