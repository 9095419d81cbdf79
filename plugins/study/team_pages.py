def notebook_page(): pass
def paper_page(): pass
def training_page(): pass
def evaluation_page(): pass
def profile_page(): pass
def rules_page(): pass
