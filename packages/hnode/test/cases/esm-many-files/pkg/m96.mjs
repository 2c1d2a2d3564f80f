import { one } from "./one.mjs";
export const v96 = one;
