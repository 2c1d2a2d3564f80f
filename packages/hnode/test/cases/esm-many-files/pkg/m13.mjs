import { one } from "./one.mjs";
export const v13 = one;
