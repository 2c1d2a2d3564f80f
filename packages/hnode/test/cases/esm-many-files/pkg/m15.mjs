import { one } from "./one.mjs";
export const v15 = one;
