import { one } from "./one.mjs";
export const v9 = one;
