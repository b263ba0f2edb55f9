import { runAction } from './action/run';

void runAction();
