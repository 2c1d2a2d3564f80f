import { one } from "./one.mjs";
export const v91 = one;
