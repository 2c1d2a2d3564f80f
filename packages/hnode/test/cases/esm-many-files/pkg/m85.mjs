import { one } from "./one.mjs";
export const v85 = one;
