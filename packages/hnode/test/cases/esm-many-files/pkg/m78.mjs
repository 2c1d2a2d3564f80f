import { one } from "./one.mjs";
export const v78 = one;
