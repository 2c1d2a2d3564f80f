import { one } from "./one.mjs";
export const v53 = one;
