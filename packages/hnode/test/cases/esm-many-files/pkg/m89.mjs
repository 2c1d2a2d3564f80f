import { one } from "./one.mjs";
export const v89 = one;
