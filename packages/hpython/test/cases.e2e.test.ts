import { caseSuite } from "../../../tools/e2e/suite.js";

caseSuite("hpython", import.meta.dirname);
