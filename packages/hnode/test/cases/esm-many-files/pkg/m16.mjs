import { one } from "./one.mjs";
export const v16 = one;
