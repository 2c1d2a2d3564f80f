import { one } from "./one.mjs";
export const v33 = one;
