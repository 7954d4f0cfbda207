"""Stage 5, marks: what a page bears besides its printed text — handwritten signatures, stamps
and ticked scenario boxes.

Marks are read from the page image (the page as stored, RGB) with the page's words, whose boxes
mask the printed text out. Boxes are fractions of the stored page, like every other box.
"""
