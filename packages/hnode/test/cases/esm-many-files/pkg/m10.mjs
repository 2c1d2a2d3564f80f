import { one } from "./one.mjs";
export const v10 = one;
