"""业务培训 and 赴外考察学习: training sessions and who attended them; study tours, their members
and their report."""
