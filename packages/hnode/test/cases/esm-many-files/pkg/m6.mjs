import { one } from "./one.mjs";
export const v6 = one;
