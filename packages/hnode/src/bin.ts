#!/usr/bin/env node
import { packageDirOf, runHost } from "@hsandbox/core";
import profile from "./profile.js";

runHost(profile, process.argv.slice(2), packageDirOf(import.meta.url));
