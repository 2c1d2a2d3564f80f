import { one } from "./one.mjs";
export const v42 = one;
