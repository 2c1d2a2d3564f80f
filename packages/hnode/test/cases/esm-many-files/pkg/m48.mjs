import { one } from "./one.mjs";
export const v48 = one;
